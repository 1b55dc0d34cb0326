/**
 * The training records: the prompt list a run reads from the curated frames table
 * ({@link io.videor1.train.data.TrainData}), CoT files joined onto it ({@link io.videor1.train.data.CotRecords}),
 * and each record's frames read and checked on executors ({@link io.videor1.train.data.FramesCache}).
 */
package io.videor1.train.data;
