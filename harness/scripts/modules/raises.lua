-- Fails while loading: require propagates the error and records nothing.
RAISES_ATTEMPTS = (RAISES_ATTEMPTS or 0) + 1
error("module raises on attempt " .. RAISES_ATTEMPTS)
