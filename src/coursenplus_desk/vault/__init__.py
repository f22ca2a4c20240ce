"""The encrypted vault: key slots, the SQLCipher connection, the keychain, the lock."""
