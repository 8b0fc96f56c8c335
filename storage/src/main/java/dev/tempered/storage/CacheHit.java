package dev.tempered.storage;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An earlier successful stage run whose outputs a new run with the same cache key may reuse. */
public record CacheHit(UUID stageRunId, List<NamedDigest> outputs, Map<String, Object> summary) {}
