// msgpackr catches this and falls back to its JavaScript implementation.
throw new Error("msgpackr-extract is disabled in this project (see package.json overrides)");
