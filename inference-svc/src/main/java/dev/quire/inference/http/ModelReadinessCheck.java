package dev.quire.inference.http;

import dev.quire.inference.model.ServedModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** /q/health/ready follows the model, like /v2/health/ready. */
@Readiness
@ApplicationScoped
public class ModelReadinessCheck implements HealthCheck {

    @Inject
    ServedModel served;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("model")
                .withData("models", String.join(",", served.names()))
                .status(served.isReady())
                .build();
    }
}
