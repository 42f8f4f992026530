import "./app.css";
import { mount } from "svelte";
import App from "./App.svelte";
import { app } from "./lib/app.svelte";

const scriptStart = performance.now();
// The first screen draws at once from the data the shell put in the page.
app.initFromPage();
mount(App, { target: document.getElementById("app")!, props: { scriptStart } });
