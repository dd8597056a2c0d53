/** Hardened XML parsing ({@link io.shaozi.adapters.xml.SafeXml}) and reply writing for WeChat-family bodies. */
package io.shaozi.adapters.xml;
