/** A generic HTTP SMS gateway for alert text messages: a signed JSON POST per message. */
package io.shaozi.adapters.sms;
