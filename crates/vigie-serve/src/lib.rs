//! HTTP API and dashboard for vigie
