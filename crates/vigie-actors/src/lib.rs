//! Actors, fatalities and claims: who, how many dead, and who says so
