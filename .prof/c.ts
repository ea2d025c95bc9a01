import { loadEnvironment } from "../config/load";
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const t = cpu(); loadEnvironment(process.argv[2]); console.log(`load ${(cpu() - t).toFixed(3)} s CPU`);
