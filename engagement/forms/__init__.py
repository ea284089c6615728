"""The engagement app's forms: one module per part (consultations, results, ideas, residents)."""
