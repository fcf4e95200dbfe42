package io.monitor.sentiment;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/**
 * Factories for {@link SentimentScorer}s.
 *
 * <p>{@link #create(String)} is what configuration calls: {@code "default"} gives the built-in scorer,
 * any other value is the fully qualified name of a class implementing {@link SentimentScorer} with a
 * public no-arg constructor (for example a user's own ONNX-backed scorer on the classpath).
 */
public final class SentimentScorers {

    /** The spec that selects {@link #defaultScorer()}. */
    public static final String DEFAULT = "default";
    /** The spec that selects the learned layer (fails when its weights are not bundled). */
    public static final String LEARNED = "learned";
    /** The spec that selects {@link #lexiconScorer()}. */
    public static final String LEXICON = "lexicon";

    private SentimentScorers() {}

    /** The built-in scorer for German and English; shared, thread-safe, loaded once on first use. */
    public static SentimentScorer defaultScorer() {
        return DefaultHolder.INSTANCE;
    }

    /** The lexicon-and-rules layer alone (no learned weights); shared and thread-safe. */
    public static SentimentScorer lexiconScorer() {
        return LexiconHolder.INSTANCE;
    }

    /**
     * @param spec {@code "default"} (also blank/null), {@code "lexicon"}, {@code "learned"} or the fully qualified class name of a
     *             {@link SentimentScorer} with a public no-arg constructor
     * @throws IllegalArgumentException when the class cannot be found, is no {@link SentimentScorer},
     *                                  or cannot be instantiated; the message says what to fix
     */
    public static SentimentScorer create(String spec) {
        if (spec == null || spec.isBlank() || DEFAULT.equalsIgnoreCase(spec.strip())) {
            return defaultScorer();
        }
        if (LEXICON.equalsIgnoreCase(spec.strip())) {
            return lexiconScorer();
        }
        if (LEARNED.equalsIgnoreCase(spec.strip())) {
            if (!(defaultScorer() instanceof LearnedScorer)) {
                throw new IllegalArgumentException("sentiment scorer 'learned': its weights " + LearnedScorer.MODEL_RESOURCE
                        + " are not on the classpath; use \"lexicon\" or rebuild monitor-sentiment");
            }
            return defaultScorer();
        }
        String className = spec.strip();
        Class<?> type;
        try {
            type = Class.forName(className, true, classLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("sentiment scorer '" + className + "' not found: use \"" + DEFAULT
                    + "\" or the fully qualified name of a class implementing " + SentimentScorer.class.getName()
                    + " that is on the classpath (" + e + ")", e);
        }
        if (!SentimentScorer.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("sentiment scorer '" + className + "' does not implement "
                    + SentimentScorer.class.getName() + ": use \"" + DEFAULT + "\" or a class that implements it");
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalArgumentException("sentiment scorer '" + className
                    + "' is abstract: name a concrete class with a public no-arg constructor");
        }
        try {
            Constructor<?> constructor = type.getConstructor();
            return (SentimentScorer) constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("sentiment scorer '" + className
                    + "' has no public no-arg constructor: add one (read its settings from system properties, "
                    + "environment or a file instead)", e);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("sentiment scorer '" + className + "' failed in its constructor: "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("sentiment scorer '" + className
                    + "' cannot be instantiated: make the class and its no-arg constructor public (" + e + ")", e);
        }
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : SentimentScorers.class.getClassLoader();
    }

    private static final class LexiconHolder {
        static final SentimentScorer INSTANCE = LexiconScorer.bundled();
    }

    private static final class DefaultHolder {
        static final SentimentScorer INSTANCE = DefaultScorerFactory.load();
    }
}
