//! Event coding: ACLED events from French and English reports
