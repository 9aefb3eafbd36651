//! The testbed harness: engines, the differential oracle.
