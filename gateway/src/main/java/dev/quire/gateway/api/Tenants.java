package dev.quire.gateway.api;

import dev.quire.gateway.GatewayConfig;

/** The tenant a request is accounted to. */
final class Tenants {

    private Tenants() {
    }

    static String orDefault(String header, GatewayConfig config) {
        return header == null || header.isBlank() ? config.defaultTenant() : header.strip();
    }
}
