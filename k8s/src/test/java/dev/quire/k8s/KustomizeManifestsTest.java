package dev.quire.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Renders the kustomize base with {@code kubectl kustomize k8s/} and parses every object with the
 * fabric8 Kubernetes model, failing on any field the model does not know (a typo such as
 * {@code readinesProbe} would otherwise be dropped silently by the API server's client).
 */
class KustomizeManifestsTest {

    private static final Path BASE = Path.of(System.getProperty("user.dir"));
    private static List<HasMetadata> objects;

    @BeforeAll
    static void render() throws Exception {
        String rendered = renderWithKubectl();
        objects = new ArrayList<>();
        for (String document : rendered.split("(?m)^---\\s*$")) {
            if (document.isBlank()) {
                continue;
            }
            Object parsed = Serialization.unmarshal(document);
            assertTrue(parsed instanceof HasMetadata, "not a Kubernetes object: " + document);
            objects.add((HasMetadata) parsed);
        }
    }

    private static String renderWithKubectl() throws IOException, InterruptedException {
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", BASE.toString()).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new AssertionError("kubectl is needed to render the kustomize base (kubectl kustomize k8s/): " + e.getMessage());
        }
        byte[] out = kubectl.getInputStream().readAllBytes();
        String err = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize hung");
        assertEquals(0, kubectl.exitValue(), "kubectl kustomize failed: " + err);
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void everyServiceHasADeploymentAndAService() {
        for (String name : List.of("quire-inference-svc", "quire-sqlchat-svc", "quire-gitcommit-svc", "quire-gateway")) {
            assertNotNull(find(Deployment.class, name), "Deployment " + name);
            assertNotNull(find(Service.class, name), "Service " + name);
        }
        assertNotNull(find(StatefulSet.class, "quire-kafka"), "the Kafka StatefulSet");
    }

    @Test
    void noObjectHasFieldsTheModelDoesNotKnow() {
        for (HasMetadata object : objects) {
            List<String> unknown = new ArrayList<>();
            collectUnknownFields(object, object.getKind() + "/" + object.getMetadata().getName(), unknown,
                    java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
            assertTrue(unknown.isEmpty(), "unknown fields: " + unknown);
        }
    }

    @Test
    void deploymentsProbeTheirHealthEndpointsOnNamedPorts() {
        for (Deployment deployment : all(Deployment.class)) {
            PodTemplateSpec template = deployment.getSpec().getTemplate();
            assertEquals(deployment.getSpec().getSelector().getMatchLabels(),
                    subset(template.getMetadata().getLabels(), deployment.getSpec().getSelector().getMatchLabels().keySet()),
                    "selector matches the pod labels of " + deployment.getMetadata().getName());
            for (Container container : template.getSpec().getContainers()) {
                String where = deployment.getMetadata().getName() + "/" + container.getName();
                assertNotNull(container.getReadinessProbe(), "readiness probe of " + where);
                assertNotNull(container.getLivenessProbe(), "liveness probe of " + where);
                Set<String> portNames = Set.copyOf(container.getPorts().stream().map(ContainerPort::getName).toList());
                for (var probe : List.of(container.getReadinessProbe(), container.getLivenessProbe())) {
                    String path = probe.getHttpGet().getPath();
                    assertTrue(path.startsWith("/q/health/") || path.startsWith("/v2/health/"), where + " probes " + path);
                    assertTrue(portNames.contains(probe.getHttpGet().getPort().getStrVal()), where + " probes a named port");
                }
                assertFalse(container.getEnvFrom().isEmpty(), where + " takes its settings from a ConfigMap");
            }
        }
    }

    @Test
    void servicesSelectPodsThatExist() {
        for (Service service : all(Service.class)) {
            Map<String, String> selector = service.getSpec().getSelector();
            boolean matched = objects.stream().anyMatch(o -> {
                PodTemplateSpec template = o instanceof Deployment d ? d.getSpec().getTemplate()
                        : o instanceof StatefulSet s ? s.getSpec().getTemplate() : null;
                return template != null && selector.equals(subset(template.getMetadata().getLabels(), selector.keySet()));
            });
            assertTrue(matched, "Service " + service.getMetadata().getName() + " selects no pods");
        }
    }

    @Test
    void everyObjectCarriesThePartOfLabel() {
        for (HasMetadata object : objects) {
            assertEquals("quire", object.getMetadata().getLabels().get("app.kubernetes.io/part-of"), object.getKind() + "/"
                    + object.getMetadata().getName());
        }
    }

    private static Map<String, String> subset(Map<String, String> labels, Set<String> keys) {
        Map<String, String> out = new java.util.HashMap<>();
        keys.forEach(k -> {
            if (labels.containsKey(k)) {
                out.put(k, labels.get(k));
            }
        });
        return out;
    }

    private static <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends HasMetadata> T find(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst().orElse(null);
    }

    /** fabric8 keeps fields it does not know in additionalProperties: any entry there is a mistake. */
    private static void collectUnknownFields(Object node, String path, List<String> unknown, Set<Object> seen) {
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof Collection<?> collection) {
            int i = 0;
            for (Object item : collection) {
                collectUnknownFields(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectUnknownFields(v, path + "." + k, unknown, seen));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers()) || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + " " + extra.keySet());
                }
                continue;
            }
            collectUnknownFields(value, path + "." + getter.getName().substring(3), unknown, seen);
        }
    }
}
