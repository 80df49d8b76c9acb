// Torch's random generator is process-wide: tests that seed it and build or train models must not interleave.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
