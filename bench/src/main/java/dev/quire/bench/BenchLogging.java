package dev.quire.bench;

import java.util.logging.Level;

import org.jboss.logmanager.LogContext;

/**
 * The benchmark's JVM logs through jboss-logmanager (it comes with the engines' Quarkus
 * dependencies), whose unconfigured root level lets DEBUG and TRACE through: grpc-netty's frame
 * logger then formats every HTTP/2 frame the load generator sends and receives, which costs the
 * client more CPU than the calls themselves and takes it from the server on the same cores.
 */
public final class BenchLogging {

    private BenchLogging() {
    }

    /** INFO and above, as the services log; call first thing in every benchmark's main. */
    public static void infoAndAbove() {
        LogContext.getSystemLogContext().getLogger("").setLevel(Level.INFO);
    }
}
