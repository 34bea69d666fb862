-- Server-side secrets kept with the platform: 'tenant-db' derives each tenant database role's password.
CREATE TABLE platform_secrets (
    name   VARCHAR(64) PRIMARY KEY,
    secret VARCHAR(200) NOT NULL
);
