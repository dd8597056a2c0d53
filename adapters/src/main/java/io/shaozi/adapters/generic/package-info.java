/** The generic JSON webhook channel. */
package io.shaozi.adapters.generic;
