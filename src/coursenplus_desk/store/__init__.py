"""SQL per aggregate over the vault's one connection, and the numbered schema migrations."""
