import { configOrExit } from "../config/config.js";
import { startAll } from "./start-all.js";

await startAll(configOrExit());
