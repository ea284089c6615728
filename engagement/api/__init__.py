"""The engagement app's api: one module per part (consultations, results, ideas, residents)."""
