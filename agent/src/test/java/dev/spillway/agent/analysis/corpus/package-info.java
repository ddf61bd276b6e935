/**
 * Classes whose allocation sites the escape-analysis tests judge. Every method is written for one
 * behaviour; its expected verdict lives in the test, not here. All classes of this package are
 * designated in the tests, except {@link dev.spillway.agent.analysis.corpus.outside}.
 */
package dev.spillway.agent.analysis.corpus;
