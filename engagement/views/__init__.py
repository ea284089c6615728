"""The engagement app's views: one module per part (consultations, results, ideas, residents)."""
