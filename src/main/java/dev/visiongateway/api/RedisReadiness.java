package dev.visiongateway.api;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.visiongateway.access.RateLimits;
import dev.visiongateway.access.RateLimitsConfig;
import dev.visiongateway.answers.StoredAnswers;
import dev.visiongateway.upstream.FilesConfig;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Says whether what replicas share through Redis is shared now. Always up: without Redis every replica still serves,
 * with its own limits and file-id cache, so an outage of Redis must not take every pod out of its Service; the
 * details and a log line say that each replica is on its own (docs/ARCHITECTURE.md rules 9 and 16).
 */
@Readiness
class RedisReadiness implements AsyncHealthCheck {

    private static final String NAME = "redis";

    private final RateLimits limits;
    private final RateLimitsConfig limitsConfig;
    private final FilesConfig files;
    private final StoredAnswers answers;

    RedisReadiness(RateLimits limits, RateLimitsConfig limitsConfig, FilesConfig files, StoredAnswers answers) {
        this.limits = limits;
        this.limitsConfig = limitsConfig;
        this.files = files;
        this.answers = answers;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        boolean sharesFiles = files.cache() == FilesConfig.FileIdCache.REDIS;
        if (!limitsConfig.redis() && !sharesFiles && !answers.inRedis()) {
            return Uni.createFrom().item(HealthCheckResponse.named(NAME).up().withData("used", false).build());
        }
        return limits.redisReachable().map(reachable -> {
            var response = HealthCheckResponse.named(NAME).up().withData("used", true).withData("reachable", reachable);
            if (limitsConfig.redis()) {
                // the last check counts, not only the ping: its breaker may still be skipping Redis for a few seconds
                response.withData("limits", reachable && limits.sharedNow() ? "shared by every replica"
                        : "per replica until Redis answers");
            }
            if (sharesFiles) {
                response.withData("file-ids", reachable ? "shared by every replica" : "not cached until Redis answers");
            }
            if (answers.inRedis()) {
                response.withData("answers", reachable && answers.reachable() ? "shared by every replica"
                        : "not cached until Redis answers");
            }
            return response.build();
        });
    }
}
