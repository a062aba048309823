import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { createHandler } from "./handler.mjs";

// The AWS SDK v3 ships with the nodejs22.x runtime, so this function has no dependencies to package.
const client = new SecretsManagerClient({});

export const handler = createHandler(async () => {
    const result = await client.send(new GetSecretValueCommand({ SecretId: process.env.API_KEYS_SECRET_ARN }));
    if (result.SecretString === undefined) {
        throw new Error("api key secret has no value yet: put one with aws secretsmanager put-secret-value");
    }
    return result.SecretString;
});
