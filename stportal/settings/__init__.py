"""Settings modules: base (shared), development (make run), test (pytest), production (WSGI)."""
