package dev.quire.gateway.mesh;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** The gateway is ready only when it can receive replies. */
@Readiness
@ApplicationScoped
public class ReplyConsumerReadiness implements HealthCheck {

    @Inject
    MeshClient mesh;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("reply-consumer").status(mesh.replyConsumerReady()).build();
    }
}
