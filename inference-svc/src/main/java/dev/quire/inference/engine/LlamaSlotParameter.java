package dev.quire.inference.engine;

import java.lang.reflect.Field;
import java.util.Map;

import de.kherud.llama.InferenceParameters;

/**
 * Sets llama.cpp's {@code id_slot} completion parameter, which de.kherud:llama 4.2.0 has no setter
 * for: its parameters are a package-private map of JSON values, and its native server (llama.cpp
 * b4916) reads {@code id_slot} to run the task on that slot, reusing the slot's prompt cache.
 */
final class LlamaSlotParameter {

    private static final Field PARAMETERS;

    static {
        try {
            PARAMETERS = InferenceParameters.class.getSuperclass().getDeclaredField("parameters");
            PARAMETERS.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("de.kherud.llama.JsonParameters.parameters not found: the binding changed; " + e);
        }
    }

    private LlamaSlotParameter() {
    }

    @SuppressWarnings("unchecked")
    static void set(InferenceParameters parameters, int slot) {
        try {
            ((Map<String, String>) PARAMETERS.get(parameters)).put("id_slot", String.valueOf(slot));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot set id_slot on llama.cpp's parameters", e);
        }
    }
}
