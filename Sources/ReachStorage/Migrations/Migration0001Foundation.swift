extension Migration {
    /// Accounts, their users and API keys, agency clients, and installation settings.
    static let foundation = Migration(version: 1, name: "foundation") { ddl in
        [
            """
            CREATE TABLE reach_settings (
                name TEXT PRIMARY KEY,
                value TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE accounts (
                id \(ddl.primaryKey),
                name TEXT NOT NULL,
                created_at \(ddl.timestamp) NOT NULL
            )
            """,
            """
            CREATE TABLE users (
                id \(ddl.primaryKey),
                account_id \(ddl.reference) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                email TEXT NOT NULL,
                email_key TEXT NOT NULL UNIQUE,
                first_name TEXT NOT NULL,
                last_name TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
                created_at \(ddl.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX users_by_account ON users (account_id)",
            """
            CREATE TABLE api_keys (
                id \(ddl.primaryKey),
                account_id \(ddl.reference) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                user_id \(ddl.reference) NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                prefix TEXT NOT NULL,
                secret_hash TEXT NOT NULL UNIQUE,
                created_at \(ddl.timestamp) NOT NULL,
                last_used_at \(ddl.timestamp),
                revoked_at \(ddl.timestamp)
            )
            """,
            "CREATE INDEX api_keys_by_user ON api_keys (user_id)",
            """
            CREATE TABLE clients (
                id \(ddl.primaryKey),
                account_id \(ddl.reference) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                first_name TEXT NOT NULL,
                last_name TEXT NOT NULL,
                email TEXT NOT NULL,
                email_key TEXT NOT NULL,
                company_name TEXT NOT NULL,
                permission INTEGER NOT NULL CHECK (permission IN (1, 2)),
                created_at \(ddl.timestamp) NOT NULL,
                UNIQUE (account_id, email_key)
            )
            """,
            "CREATE INDEX clients_by_account_created ON clients (account_id, created_at)",
        ]
    }
}
