#!/usr/bin/env node
// The CDK app entry (`cdk synth|deploy` run it through cdk.json): everything is in lib/app.ts.
import { buildApp } from "../lib/app";

buildApp();
