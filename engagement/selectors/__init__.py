"""The engagement app's selectors: one module per part (consultations, results, ideas, residents)."""
