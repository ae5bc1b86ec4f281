//! Partner Center + Entra ID simulator (filled by the simulator issue).
