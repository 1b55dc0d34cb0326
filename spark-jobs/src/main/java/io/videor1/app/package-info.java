/** The {@code videor1} command: thin entry points that resolve a job's configuration, start Spark and run the job. */
package io.videor1.app;
