// The suite starts real processes (Redis, silos, the app host); on two cores they run one class at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
