//! Publication dates and event dates from French and English reports
