"""Runners: map ``pipeline.process_batch`` over an input, locally or on Dask."""
