//! The healing-arc model (shared docs: MODEL.md). Pure: no tauri, no sled, no clock,
//! no I/O. "Today" is always a parameter.
