"""The shared register's storage: change capture, merge, tombstones, snapshots, peers' chains."""
