//! The Lua table (stub: being written).
