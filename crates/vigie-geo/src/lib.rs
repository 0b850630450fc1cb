//! Gazetteer and place recognition for vigie
