/**
 * Implementation shared by the allocator's packages. Not API: it may change in any release.
 */
package dev.spillway.allocator.internal;
