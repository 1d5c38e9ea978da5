/** Types for the custom resource handler in index.mjs (plain JS so Lambda runs it as is). */
export interface AppDbUserDeps {
  executeStatement(input: { resourceArn: string; secretArn: string; database: string; sql: string }): Promise<unknown>;
  getSecretString(secretId: string): Promise<string>;
  send(url: string, body: string): Promise<unknown>;
}

export interface CustomResourceEvent {
  RequestType: "Create" | "Update" | "Delete";
  ResponseURL: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  ResourceProperties: {
    ClusterArn: string;
    AdminSecretArn: string;
    AppSecretArn: string;
    Database: string;
    Username: string;
  };
}

export function scramVerifier(password: string, salt?: Buffer): string;
export function roleStatements(username: string, verifier: string, database: string): string[];
export function createHandler(loadDeps: () => Promise<AppDbUserDeps>): (event: CustomResourceEvent) => Promise<{ status: string; physicalId: string }>;
export const handler: (event: CustomResourceEvent) => Promise<{ status: string; physicalId: string }>;
