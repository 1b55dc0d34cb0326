/**
 * Job configuration: HOCON defaults in {@code conf/<job>.conf}, a named preset, then {@code --set key=value}
 * overrides, resolved into one immutable record per job before Spark starts.
 */
package io.videor1.conf;
