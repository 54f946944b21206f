"""Classification stage: outcome, category, themes, remedies, injustice."""
