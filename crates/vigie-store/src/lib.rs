//! Event store: SQLite by default, PostgreSQL to scale; cross-document merge
