"""The pipeline's steps, one module each; :mod:`cleaner.pipeline` lists them in order."""
