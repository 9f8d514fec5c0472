/**
 * The per-request CSP nonce, handed from the Express layer through entry.server to <Scripts>.
 * In the browser it is "" (browsers hide nonce attributes), which React accepts on hydration.
 */
import { createContext, useContext } from "react";

const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
