//! The encrypted store (shared docs: SECURITY.md). Knows nothing of phases; stores
//! typed records for an owner.
