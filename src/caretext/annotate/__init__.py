"""The annotators' loop: pre-annotated tasks for annotation tools, and their corrections back into gold."""
