# syntax=docker/dockerfile:1.7
# The game-day console image (deployed by infra/: the console stack builds it from here).
# Build stage: install, generate the Prisma client, `next build`. Runtime stage: the built
# app as the non-root `node` user; infra/console-image/entrypoint.mjs assembles DATABASE_URL
# from the ECS secrets, writes the stack outputs file, migrates, then runs the console's
# server (scripts/console/server.mjs: Next's handler, live streams on plain node sockets).

FROM node:24-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 \
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    npm_config_update_notifier=false
# npm 11, as in development: it honours package.json's allowScripts (pinned, whatever npm the image ships).
RUN npm install -g npm@11.19.1 --no-audit --no-fund
# Dependencies first so a source change does not reinstall them. `npm ci` rejects this
# lockfile (it lists other platforms' Next binaries); `npm install` honours it.
# The postinstall step generates the Prisma client, so the schema must be here already.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm install --no-audit --no-fund
COPY . .
# next.config validates the environment at build time; these placeholders exist only in
# this stage and are never used to connect or sign anything.
RUN DATABASE_URL=postgresql://build:build@127.0.0.1:5432/build \
    NEXTAUTH_SECRET=build-stage-placeholder-never-used-at-runtime \
    node node_modules/next/dist/bin/next build

FROM node:24-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    NODE_EXTRA_CA_CERTS=/etc/ssl/certs/rds-global-bundle.pem
# The RDS CA bundle, so the console verifies its database's certificate (sslmode=verify-full).
ADD --chmod=644 https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem /etc/ssl/certs/rds-global-bundle.pem
# The whole built app: migrations run with tsx and the schema engine, which live in node_modules.
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then((r)=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
ENTRYPOINT ["node", "infra/console-image/entrypoint.mjs"]
CMD ["start"]
