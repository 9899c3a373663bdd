import color_kit
import srconly

print(srconly.hello("sdist"), color_kit.paint("kit"))
