"""The engagement app's services: one module per part (consultations, results, ideas, residents)."""
